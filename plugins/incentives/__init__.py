"""Points from service: declarative rules in the ``incentives`` section."""
