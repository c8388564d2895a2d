"""disinfo-monitor: watch news feeds for claims that officials have denied."""

__version__ = "0.1.0"
