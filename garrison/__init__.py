"""Garrison: a sourced, geolocated, time-resolved picture of military presence and activity."""

__version__ = "0.1.0"
