// The JDK's own XSD 1.0 validator (javax.xml.validation, Xerces inside), run once for a whole batch of files: a JVM
// start costs about half a second. Usage: java -Djdk.xml.maxOccurLimit=0 XsdValidate.java <schema.xsd> <file>...
// Prints one line per file: "<file>\tvalid" or "<file>\tinvalid\t<first error>".
import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

public class XsdValidate {
    public static void main(String[] args) throws Exception {
        var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = factory.newSchema(new File(args[0]));
        for (int i = 1; i < args.length; i++) {
            Validator validator = schema.newValidator();
            // No DTDs and no external entities: the files are hostile test input.
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            try {
                validator.validate(new StreamSource(new File(args[i])));
                System.out.println(args[i] + "\tvalid");
            } catch (Exception e) {
                System.out.println(args[i] + "\tinvalid\t" + String.valueOf(e.getMessage()).replace('\n', ' ').replace('\t', ' '));
            }
        }
    }
}
