// The Diffusion math module. See README.md in this folder for the notation table.
