// host-view.mjs exports nothing: importing it installs the test's stand-ins.
export {};
