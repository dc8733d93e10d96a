"""runmuscles: which muscles work during running, moment by moment, from measured EMG."""

__version__ = "0.1.0"
