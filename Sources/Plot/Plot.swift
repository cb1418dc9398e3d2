// Figures over Cairo.
