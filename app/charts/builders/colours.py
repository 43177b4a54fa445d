"""Colours of what is not a vendor (vendors carry their own): categories, trackers, origins."""

CATEGORY_COLOURS = {
    "smartphones": "#1f77b4",
    "smart-tvs": "#d62728",
    "audio": "#2ca02c",
    "wearables": "#9467bd",
    "smartwatches": "#8c564b",
    "feature-phones": "#7f7f7f",
}
SOURCE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
COUNTRY_NAMES = {
    "CN": "Chinese brands",
    "KR": "Korean brands",
    "IN": "Indian brands",
    "US": "US brands",
}
COUNTRY_COLOURS = {
    "Chinese brands": "#d62728",
    "Korean brands": "#1428a0",
    "Indian brands": "#ff9933",
    "US brands": "#6e6e73",
    "Other brands": "#2ca02c",
    "Unattributed (Others)": "#bdbdbd",
}
