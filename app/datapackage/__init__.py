"""The whole dataset as a Frictionless data package: CSVs, datapackage.json and a README."""
