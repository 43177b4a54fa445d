"""Reading slices on the seeded database (SQLite and PostgreSQL)."""

from sqlalchemy.orm import Session

from app.imports import service as imports
from app.observations import service
from tests.helpers import csv_bytes


def test_a_stated_half_year_is_no_more_recent_than_its_last_quarter(db: Session) -> None:
    # Canalys and Counterpoint both reach 2025Q2; Canalys states more shipments.
    assert service.sources_with_data(db, "india", "smartphones")[:2] == ("canalys", "counterpoint")
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "counterpoint,india,smartphones,H1 2025,vivo,20",
            "counterpoint,india,smartphones,H1 2025,Samsung,16",
        ),
        "h1.csv",
    )
    assert service.sources_with_data(db, "india", "smartphones")[:2] == ("canalys", "counterpoint")
    imports.publish(
        db,
        csv_bytes(
            "source,market,category,quarter,vendor,share_pct",
            "counterpoint,india,smartphones,H2 2025,vivo,20",
        ),
        "h2.csv",
    )  # ends in December 2025: more recent than Canalys's 2025Q2
    assert service.sources_with_data(db, "india", "smartphones")[0] == "counterpoint"
