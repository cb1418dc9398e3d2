// What every lesson shares.
