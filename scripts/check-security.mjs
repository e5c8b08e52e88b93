console.log("security check: placeholder until the Electron shell lands");
