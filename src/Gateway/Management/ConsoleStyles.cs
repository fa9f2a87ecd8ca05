namespace VrijwilligeOppas.Gateway.Management;

/// <summary>The console's one style sheet, served from <c>/console/console.css</c> so that the CSP needs no inline style.</summary>
internal static class ConsoleStyles
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
        header { background: #1d3b5a; color: #fff; padding: .6em 1.2em; display: flex; gap: 1.5em; align-items: baseline; flex-wrap: wrap; }
        header a { color: #fff; }
        header .who { margin-left: auto; font-size: .9em; }
        main { padding: 1em 1.2em; }
        .sandbox { background: #b00020; color: #fff; padding: .5em 1.2em; font-weight: bold; }
        .refused, .problem { color: #b00020; }
        .ok { color: #176b2c; font-weight: bold; }
        .down { color: #b00020; font-weight: bold; }
        table { border-collapse: collapse; margin: .5em 0 1.2em; background: #fff; }
        th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
        th { background: #eef2f6; }
        form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: .4em 1em; margin-bottom: 1em; }
        form.filters label { display: flex; flex-direction: column; font-size: .9em; }
        .diagnostic { font-style: italic; }
        code { word-break: break-all; }
        """;
}
