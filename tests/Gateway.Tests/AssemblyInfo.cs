// WebApplicationFactory finds the host to test by listening to every host being built in the process; test classes
// running in parallel would let one factory capture another test's emulator or stub host. Run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
