# syntax=docker/dockerfile:1
# The gateway image. Base images are build arguments so that a registry mirror, a pinned digest or a chiseled
# runtime can be chosen without editing this file.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first, from the project files only, so that code changes do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Mapping/Mapping.csproj src/Mapping/
COPY src/Xml/Xml.csproj src/Xml/
COPY src/Security/Security.csproj src/Security/
COPY src/Audit/Audit.csproj src/Audit/
COPY src/Emulator/Emulator.csproj src/Emulator/
COPY src/Gateway/Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/Gateway.csproj
COPY xsd/ xsd/
COPY reference/ reference/
COPY src/ src/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release --no-restore -o /app/publish

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app/publish .
# The only writable place: SQLite databases and generated development material. Mount a volume here.
RUN mkdir -p /data && chown "${APP_UID:-1654}:${APP_UID:-1654}" /data
VOLUME ["/data"]
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Gateway__DataDirectory=/data \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
USER 1654
# The runtime image has no curl: the gateway probes itself.
HEALTHCHECK --interval=30s --timeout=10s --start-period=15s --retries=3 \
    CMD ["dotnet", "VrijwilligeOppas.Gateway.dll", "--probe", "http://127.0.0.1:8080/health/ready"]
ENTRYPOINT ["dotnet", "VrijwilligeOppas.Gateway.dll"]
