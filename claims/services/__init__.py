"""Every write of the app lives in this package (HackSoft style: services write, selectors read)."""
