"""`portal import`: an official plan (方案) as written by a department → a draft campaign file."""
