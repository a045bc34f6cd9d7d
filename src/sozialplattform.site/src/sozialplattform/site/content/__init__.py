"""Content model: states (Bundesländer), counselling centres and their offers."""
