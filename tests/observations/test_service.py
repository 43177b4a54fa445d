"""Reading slices on the seeded database (SQLite and PostgreSQL)."""

from sqlalchemy.orm import Session

from app.imports import service as imports
from app.observations import service
from tests.helpers import csv_bytes


def test_a_stated_half_year_is_no_more_recent_than_its_last_quarter(db: Session) -> None:
    # Canalys (continued by Omdia) and Counterpoint both reach 2025Q4; Canalys states more
    # shipments.
    assert service.sources_with_data(db, "india", "smartphones")[:2] == ("canalys", "counterpoint")
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "counterpoint,india,smartphones,H2 2025,vivo,20",
            "counterpoint,india,smartphones,H2 2025,Samsung,16",
        ),
        "h2.csv",
    )
    assert service.sources_with_data(db, "india", "smartphones")[:2] == ("canalys", "counterpoint")
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "counterpoint,india,smartphones,H1 2026,vivo,20",
        ),
        "h1.csv",
    )  # ends in June 2026: more recent than Omdia's 2025Q4 in Canalys's series
    assert service.sources_with_data(db, "india", "smartphones")[0] == "counterpoint"
