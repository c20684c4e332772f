"""Reference data every installation needs: forces and the Standards.

Loaded idempotently by the initial data migration and by
``manage.py load_reference_data`` (which also applies later corrections, such
as a renamed force). Rows are matched on their stable key (force code, standard
number), so running the loader again never duplicates anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ForceData:
    code: str
    name: str
    country: str
    kind: str = "territorial"


E, W = "england", "wales"

#: The 43 territorial police forces of England & Wales and British Transport
#: Police. Codes are this product's own and never change once issued.
FORCES: tuple[ForceData, ...] = (
    ForceData("avsom", "Avon and Somerset Constabulary", E),
    ForceData("beds", "Bedfordshire Police", E),
    ForceData("cambs", "Cambridgeshire Constabulary", E),
    ForceData("cheshire", "Cheshire Constabulary", E),
    ForceData("cityldn", "City of London Police", E),
    ForceData("clev", "Cleveland Police", E),
    ForceData("cumbria", "Cumbria Constabulary", E),
    ForceData("derbys", "Derbyshire Constabulary", E),
    ForceData("devcorn", "Devon and Cornwall Police", E),
    ForceData("dorset", "Dorset Police", E),
    ForceData("durham", "Durham Constabulary", E),
    ForceData("dyfpow", "Dyfed-Powys Police", W),
    ForceData("essex", "Essex Police", E),
    ForceData("glos", "Gloucestershire Constabulary", E),
    ForceData("gmp", "Greater Manchester Police", E),
    ForceData("gwent", "Gwent Police", W),
    ForceData("hants", "Hampshire and Isle of Wight Constabulary", E),
    ForceData("herts", "Hertfordshire Constabulary", E),
    ForceData("humber", "Humberside Police", E),
    ForceData("kent", "Kent Police", E),
    ForceData("lancs", "Lancashire Constabulary", E),
    ForceData("leics", "Leicestershire Police", E),
    ForceData("lincs", "Lincolnshire Police", E),
    ForceData("mersey", "Merseyside Police", E),
    ForceData("met", "Metropolitan Police Service", E),
    ForceData("norfolk", "Norfolk Constabulary", E),
    ForceData("nwales", "North Wales Police", W),
    ForceData("nyorks", "North Yorkshire Police", E),
    ForceData("nhants", "Northamptonshire Police", E),
    ForceData("northumb", "Northumbria Police", E),
    ForceData("notts", "Nottinghamshire Police", E),
    ForceData("swales", "South Wales Police", W),
    ForceData("syorks", "South Yorkshire Police", E),
    ForceData("staffs", "Staffordshire Police", E),
    ForceData("suffolk", "Suffolk Constabulary", E),
    ForceData("surrey", "Surrey Police", E),
    ForceData("sussex", "Sussex Police", E),
    ForceData("tvp", "Thames Valley Police", E),
    ForceData("warks", "Warwickshire Police", E),
    ForceData("wmercia", "West Mercia Police", E),
    ForceData("wmids", "West Midlands Police", E),
    ForceData("wyorks", "West Yorkshire Police", E),
    ForceData("wilts", "Wiltshire Police", E),
    ForceData("btp", "British Transport Police", "england_and_wales", "national"),
)


@dataclass(frozen=True)
class StandardData:
    number: int
    title: str
    description: str
    heading_unverified: bool = False


#: The Standards of Professional Behaviour (PCR 2020 r5 and Schedule 2; the
#: same ten headings as the 2008 and 2012 schedules). Descriptions are short
#: summaries for caseworkers, not the statutory wording.
STANDARDS: tuple[StandardData, ...] = (
    StandardData(
        1,
        "Honesty and Integrity",
        "Acts honestly and with integrity and does not compromise or abuse "
        "their position.",
    ),
    StandardData(
        2,
        "Authority, Respect and Courtesy",
        "Acts with self-control and tolerance, treats the public and colleagues "
        "with respect and courtesy, and does not abuse powers or authority.",
    ),
    StandardData(
        3,
        "Equality and Diversity",
        "Acts with fairness and impartiality and does not discriminate unlawfully "
        "or unfairly.",
    ),
    StandardData(
        4,
        "Use of Force",
        "Uses force only where necessary, proportionate and reasonable in the "
        "circumstances.",
    ),
    StandardData(
        5,
        "Orders and Instructions",
        "Gives and carries out only lawful orders and instructions, and abides by "
        "police regulations, force policies and lawful orders.",
    ),
    StandardData(
        6,
        "Duties and Responsibilities",
        "Is diligent in exercising duties and responsibilities, including "
        "appropriate cooperation during investigations, inquiries and formal "
        "proceedings (placement of that duty in the 2020 schedule to be checked).",
    ),
    StandardData(
        7,
        "Confidentiality",
        "Treats information with respect and accesses or discloses it only in the "
        "proper course of police duties.",
    ),
    StandardData(
        8,
        "Fitness for Duty",
        "When on duty or presenting for duty, is fit to carry out their "
        "responsibilities.",
        heading_unverified=True,
    ),
    StandardData(
        9,
        "Discreditable Conduct",
        "Behaves in a manner that does not discredit the police service or "
        "undermine public confidence, on or off duty, and reports any action "
        "taken against them for a criminal offence, court conditions or penalty "
        "notices.",
    ),
    StandardData(
        10,
        "Challenging and Reporting Improper Conduct",
        "Reports, challenges or takes action against the conduct of colleagues "
        "which has fallen below the Standards.",
    ),
)


def _upsert(model: Any, key: dict[str, Any], values: dict[str, Any]) -> str:
    """Create the row matched by ``key`` or correct its values; say which."""
    row = model.objects.filter(**key).first()
    if row is None:
        model.objects.create(**key, **values)
        return "created"
    if all(getattr(row, field) == value for field, value in values.items()):
        return "unchanged"
    for field, value in values.items():
        setattr(row, field, value)
    row.save(update_fields=[*values, "updated_at"])
    return "updated"


def load_reference_data(force_model: Any, standard_model: Any) -> dict[str, int]:
    """Create or correct forces and Standards; return how many rows changed.

    Takes the model classes so that the data migration can pass its historical
    models and the management command the current ones.
    """
    results = [
        _upsert(
            force_model,
            {"code": force.code},
            {"name": force.name, "country": force.country, "kind": force.kind},
        )
        for force in FORCES
    ] + [
        _upsert(
            standard_model,
            {"number": standard.number},
            {
                "title": standard.title,
                "description": standard.description,
                "heading_unverified": standard.heading_unverified,
            },
        )
        for standard in STANDARDS
    ]
    return {"created": results.count("created"), "updated": results.count("updated")}
