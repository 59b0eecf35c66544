"""Committee, persons, municipalities, projects and the plan: found as printed, one identity across reports."""

from __future__ import annotations

import pytest

import warehouse
from extractors import build_document
from extractors.identity_resolution import cluster_persons, cluster_projects, family_key
from extractors.records.committee import extract_committee
from extractors.records.municipalities import resolve_municipality
from extractors.records.plan import extract_networks, extract_plan
from extractors.records.projects import extract_projects
from extractors.records.report_metadata import report_year
from pipelines.loading import replace_reports
from schemas.identities import PersonMention
from schemas.reports import report_id_for
from tests.conftest import PLAN_2019, REPORT_2022, REPORT_2024, gold_rows, load_sample, report_rows, sample_document
from tests.render import Column, render_columns


def committee(file_name: str):
    return extract_committee(sample_document(file_name), report_id_for(file_name))


def projects(file_name: str):
    document = sample_document(file_name)
    return extract_projects(document, report_id_for(file_name), report_year(document))


# ------------------------------------------------------------ municipalities


@pytest.mark.parametrize(
    "printed, code",
    [("Höganäs Kommun", "1284"), ("Höganäs kommun", "1284"), ("Helsingborgs stad", "1283"), ("Helsingborg", "1283"),
     ("Landskrona stad", "1282"), ("Åstorp", "1277"), ("Ängelholms kommun", "1292"), ("Örkelljunga kommun", "1257"),
     ("Svalövs kommun", "1214"), ("Bjuvs kommun", "1260"), ("Båstads kommun", "1278"), ("Klippans kommun", "1276"),
     ("Perstorps kommun", "1275")],
)
def test_every_printed_form_resolves_to_its_code(printed, code):
    assert resolve_municipality(printed).code == code


@pytest.mark.parametrize("printed", ["Stockholms stad", "Region Skåne", "Lund", "Familjen Helsingborg"])
def test_other_places_resolve_to_nothing(printed):
    assert resolve_municipality(printed) is None


# ------------------------------------------------------------------ committee


def test_every_gold_committee_row_is_found_and_nothing_else():
    gold = {
        (g["report_file"], g["as_of"], g["municipality"], g["name"], g["role"], g["title"])
        for g in gold_rows("committee_members.csv")
    }
    found = {
        (name, m.as_of.isoformat(), m.municipality or "", m.name, m.role, m.title or "")
        for name in (REPORT_2022, REPORT_2024)
        for m in committee(name).members
    }
    assert found == gold


def test_the_2024_committee_has_eleven_municipalities_with_two_members_and_an_official_each():
    members = committee(REPORT_2024).members
    by_code: dict[str, list[str]] = {}
    for m in members:
        if m.role in ("ledamot", "tjansteperson"):
            by_code.setdefault(m.municipality_code, []).append(m.role)
    assert len(by_code) == 11
    assert all(sorted(roles) == ["ledamot", "ledamot", "tjansteperson"] for roles in by_code.values())
    assert committee(REPORT_2024).findings == []


def test_the_2022_list_lacks_svalov_and_says_so():
    result = committee(REPORT_2022)
    assert len({m.municipality_code for m in result.members if m.role == "ledamot"}) == 10
    assert [f.message for f in result.findings] == [
        "the committee list as of 2022-12-31 on page 20 does not name Svalöv (1214)"
    ]


def test_acting_titles_are_flagged():
    acting = {(m.name, m.title) for m in committee(REPORT_2024).members if m.acting}
    assert acting == {("Per Borg", "tf kommunchef"), ("Michael Andersson", "tf kommunchef"),
                      ("Stefan Marthinsson", "tf kommundirektör")}


def test_a_name_the_extractor_cannot_place_is_a_finding(tmp_path):
    left = Column([("h", "Bjuvs kommun"), ("p", "Ledamöter"), ("p", "Anna Andersson"), ("p", "Bo Berg"),
                   ("p", "Ersättare"), ("p", "Cecilia Carlsson")])
    right = Column([("h", "Båstads kommun"), ("p", "Ledamöter"), ("p", "Dan Dahl"), ("p", "Eva Ek"),
                    ("p", "Tjänsteperson Fia Falk, kommunchef")])
    pdf = render_columns(tmp_path / "committee.pdf", "Samarbetskommitténs sammansättning den 31 december 2025", [left, right])
    result = extract_committee(build_document(pdf), "rendered")
    placed = {(m.municipality_code, m.name, m.role) for m in result.members}
    assert placed == {("1260", "Anna Andersson", "ledamot"), ("1260", "Bo Berg", "ledamot"),
                      ("1278", "Dan Dahl", "ledamot"), ("1278", "Eva Ek", "ledamot"),
                      ("1278", "Fia Falk", "tjansteperson")}
    messages = [f.message for f in result.findings]
    assert "role 'Ersättare' under Bjuvs kommun on page 1 is not one the committee list is read for; its names were not placed" in messages
    assert "'Cecilia Carlsson' under Bjuvs kommun on page 1 stands before any role; not placed" in messages
    assert "Bjuv has 0 tjansteperson in the committee list as of 2025-12-31, not 1" in messages


# -------------------------------------------------------------------- persons


def mention(name: str, role: str, municipality_code: str | None) -> PersonMention:
    return PersonMention(name=name, role=role, municipality_code=municipality_code)


def test_spelling_variants_in_the_same_seat_join_and_different_people_stay_apart():
    decisions = cluster_persons([
        mention("Ronny Nilsson", "ledamot", "1275"),
        mention("Teddy Nilsson", "ledamot", "1214"),
        mention("Lennart Nilsson", "ledamot", "1284"),
        mention("Peter Lindberg", "ledamot", "1277"),
        mention("Johan Lindberg", "sekretariatschef", None),
        mention("Christian Larsson", "ledamot", "1257"),
        mention("Christian Orsing", "ledamot", "1283"),
        mention("Ronny Nillson", "ledamot", "1275"),  # a typo in a later report
        mention("Teddy Nillson", "ledamot", "1275"),  # a typo, but not in Teddy's seat
    ])
    ids = {d.name: d.person_id for d in decisions}
    assert len({ids[n] for n in ("Ronny Nilsson", "Teddy Nilsson", "Lennart Nilsson")}) == 3
    assert ids["Peter Lindberg"] != ids["Johan Lindberg"]
    assert ids["Christian Larsson"] != ids["Christian Orsing"]
    assert ids["Ronny Nillson"] == ids["Ronny Nilsson"]
    assert ids["Teddy Nillson"] != ids["Teddy Nilsson"]
    typo = next(d for d in decisions if d.name == "Ronny Nillson")
    assert typo.joined_with == "Ronny Nilsson" and typo.score >= 92 and typo.reason.startswith("spelling variant")


# ------------------------------------------------------------------- projects


def test_every_gold_project_is_found_and_nothing_else():
    gold = sorted((g["report_file"], int(g["year"]), g["name"], g["area"], g["status"]) for g in gold_rows("projects.csv"))
    found = sorted(
        (name, p.year, p.name, p.area or "", p.status)
        for name in (REPORT_2022, REPORT_2024, PLAN_2019)
        for p in projects(name).projects
    )
    assert found == gold


@pytest.mark.parametrize(
    "names",
    [
        ["Film i Familjen", "Film i familjen"],
        ["Gemensam vuxenutbildningsansökan", "Gemensam vuxenutbildningansökan"],
        ["Tillgänglighetsguide steg 1", "Tillgänglighetsguide", "Tillgänglighetsguiden steg 2."],
        ["Kommunal Accelerator", "Kommunalt acceleratorsprogram"],
        ["Smarta Lokaler", "Smarta lokaler"],
    ],
)
def test_a_project_family_is_one_id_across_years_and_steps(names):
    assert len({d.project_id for d in cluster_projects(names)}) == 1


@pytest.mark.parametrize(
    "a, b",
    [("Smarta lokaler", "Smarta lekplatser"), ("Naturturism Rönne å", "Destination Rönne å och Ringsjön"),
     ("Digital Socialtjänst", "Digitala utbildningsmoduler"), ("Laddinfrastruktur", "Infrastruktur"),
     ("Destinationsutveckling handlingsplan 2022", "Destination Rönne å och Ringsjön")],
)
def test_different_projects_stay_apart(a, b):
    assert len({d.project_id for d in cluster_projects([a, b])}) == 2


def test_family_keys_drop_steps_years_and_stops():
    assert family_key("Tillgänglighetsguiden steg 2.") == "tillgänglighetsguiden"
    assert family_key("Destinationsutveckling handlingsplan 2022") == "destinationsutveckling"


# ----------------------------------------------------------------------- plan


def test_the_2019_networks_are_numbered_in_their_groups():
    networks = extract_networks(sample_document(PLAN_2019), "plan")
    assert [n.number for n in networks] == list(range(1, 42))
    assert (networks[10].number, networks[10].name) == (11, "Näringsliv- och destination (NoD)")
    assert (networks[12].name, networks[12].network_group) == ("Skolchefer (för-, grund- och gymnasieskola)", "Nätverk kopplade till Verksamhetsplanen")
    assert networks[14].network_group == "Övriga nätverk"


def test_the_2019_goals_carry_their_area_goal_strategy_and_responsible():
    goals = {g.metric_number: g for g in extract_plan(sample_document(PLAN_2019), "plan").goals}
    assert goals["1.4"].goal_area == "1. Infrastruktur (inkl kollektivtrafik)"
    assert goals["1.4"].goal == "Framgång i prioriterade infrastrukturprojekt."
    assert goals["1.4"].metric.startswith("Västkustbanan Ängelholm-Maria station byggstart senast år 2019")
    assert goals["1.6"].responsible_codes == ("1214", "1277")  # Svalöv, Åstorp
    assert goals["1.8 a)"].responsible == goals["1.8 b)"].responsible == "Helsingborg"
    assert [goals[n].responsible for n in ("1.9", "1.10", "1.11", "1.12", "1.13", "1.14")] == [
        "Perstorp", "Svalöv", "Klippan", "Klippan", "Helsingborg", "Ängelholm"]
    assert goals["3.1"].responsible_codes == ("1292", "1278")  # huvudansvar Ängelholm, medansvar Båstad
    assert "3.0" not in goals  # "infrastrukturstrategi 3.0" is no metric
    # Wrapped cells are joined: no metric keeps a line break.
    assert all("\n" not in g.metric for g in goals.values())


# ------------------------------------------------------------------ warehouse


def test_committee_changes_between_2022_and_2024_for_helsingborg(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    for name in (REPORT_2024, REPORT_2022):  # order of loading does not matter
        load_sample(connection, name)
    changes = connection.execute(
        "select role, change, name from committee_changes where municipality = 'Helsingborg' order by role, change"
    ).fetchall()
    assert changes == [
        ("ledamot", "in", "Christian Orsing"),
        ("ledamot", "out", "Peter Danielsson"),
        ("tjansteperson", "in", "Carina Leffler"),
        ("tjansteperson", "out", "Jonna Myrebris"),
    ]
    # Svalöv is missing from the 2022 list: nobody is said to have joined it.
    assert connection.execute("select count(*) from committee_changes where municipality = 'Svalöv'").fetchone() == (0,)
    by_year = connection.execute("select year, count(*) from committee_by_year group by 1 order by 1").fetchall()
    assert by_year == [(2022, 10), (2024, 11)]


def test_identities_in_the_warehouse(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    for name in (REPORT_2022, REPORT_2024, PLAN_2019):
        load_sample(connection, name)
    nyander = connection.execute(
        "select distinct person_id from committee_members where name = 'Lars Nyander'"
    ).fetchall()
    assert len(nyander) == 1  # ledamot 2022 and 2024, vice chair 2024: one person
    families = dict(connection.execute(
        "select project_id, list(distinct year order by year) from project_timeline group by 1"
    ).fetchall())
    assert families["kommunal-accelerator"] == [2022, 2024]
    assert families["tillganglighetsguide"] == [2022, 2024]
    assert connection.execute("select count(*) from projects where project_id is null").fetchone() == (0,)
    assert connection.execute("select count(*) from networks").fetchone() == (41,)
    decision = connection.execute(
        "select joined_with, score, reason from project_name_decisions where name = 'Kommunalt acceleratorsprogram'"
    ).fetchone()
    assert decision == ("Kommunal Accelerator", 95.0, "same family")
    # Each listing keeps its name as printed; the family's name, what analysts group by, has no sentence's stop.
    printed = {name for (name,) in connection.execute("select name from projects").fetchall()}
    catalog = {name for (name,) in connection.execute("select name from project_catalog").fetchall()}
    assert "Tillgänglighetsguiden steg 2." in printed
    assert not any(name.endswith(".") for name in catalog) and len(catalog) > 10


def test_a_sentences_stop_leaves_a_name_but_an_abbreviations_stays(tmp_path):
    from extractors.identity_resolution import without_trailing_stop

    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, REPORT_2024)  # alone, the 2024 name is the family's first
    assert connection.execute(
        "select c.name, p.name from project_catalog c join projects p using (project_id) where p.name like 'Tillgänglighetsguiden%'"
    ).fetchall() == [("Tillgänglighetsguiden steg 2", "Tillgänglighetsguiden steg 2.")]

    assert without_trailing_stop("Tillgänglighetsguiden steg 2.") == "Tillgänglighetsguiden steg 2"
    assert without_trailing_stop("Kultur i skolan m.fl.") == "Kultur i skolan m.fl."
    assert without_trailing_stop("Kommunal Accelerator") == "Kommunal Accelerator"


IDENTITY_TABLES = ("persons", "person_name_decisions", "project_catalog", "project_name_decisions")


def identity_rows(connection) -> dict[str, list]:
    return {table: connection.execute(f"select * from {table} order by all").fetchall() for table in IDENTITY_TABLES}


def test_identities_are_the_same_whatever_order_the_reports_are_loaded_in(tmp_path):
    reports = (PLAN_2019, REPORT_2022, REPORT_2024)
    results = []
    for label, batches in (("oldest first", [[r] for r in reports]), ("newest first", [[r] for r in reversed(reports)]),
                           ("one batch", [list(reports)])):
        connection = warehouse.connect(tmp_path / f"{label}.duckdb")
        for batch in batches:
            replace_reports(connection, [report_rows(sample_document(name)) for name in batch])
        results.append(identity_rows(connection))
        connection.close()
    assert results[0] == results[1] == results[2]
    assert len(results[0]["persons"]) > 30 and len(results[0]["project_catalog"]) > 10


def end_with_next_chapter(canvas, y: float, path):
    """Close a rendered section with the heading of the chapter after it, and save the PDF."""
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(60, y - 40, "Ekonomi")
    canvas.showPage()
    canvas.save()
    return path


def render_project_section(path, count_sentence: str | None, names: list[str]):
    """A page with a project chapter: its heading, a paragraph, then one smaller bold heading per project."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(60, y, "Test- och utvecklingsprojekt")
    y -= 30
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, y, count_sentence or "Samarbetet prövar nya arbetssätt tillsammans med kommunerna.")
    for name in names:
        y -= 34
        canvas.setFont("Helvetica-Bold", 13)
        canvas.drawString(60, y, name)
        y -= 16
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, y, "Projektet pågår under året och rapporterar till samarbetskommittén.")
    return end_with_next_chapter(canvas, y, path)


NAMES = ["Digital inkludering", "Gemensam upphandling", "Kompetens för välfärden", "Grön omställning"]


@pytest.mark.parametrize("sentence, count", [
    ("Under året har fyra projekt pågått.", 4),
    ("Fyra test- och utvecklingsprojekt har varit verksamma under 2024.", 4),
    ("Under 2024 har fyra projekt drivits med stöd av samarbetet.", 4),
])
def test_active_projects_are_read_in_other_wordings(tmp_path, sentence, count):
    found = extract_projects(build_document(render_project_section(tmp_path / "p.pdf", sentence, NAMES)), "x", 2024)
    assert [p.name for p in found.projects] == NAMES and {p.status for p in found.projects} == {"verksam"}
    assert found.findings == []


@pytest.mark.parametrize("sentence, names, message", [
    (None, NAMES, "no sentence saying how many projects were active"),  # sub-headings, no count: said, not silent
    ("Under året har fem projekt pågått.", NAMES, "the text says 5 projects"),  # one short: said
    ("Under året har tre projekt pågått.", NAMES, "the text says 3 projects"),  # one too many: said
])
def test_a_project_section_that_cannot_be_read_as_stated_says_so(tmp_path, sentence, names, message):
    found = extract_projects(build_document(render_project_section(tmp_path / "p.pdf", sentence, names)), "x", 2024)
    assert len(found.findings) == 1 and message in found.findings[0].message and found.findings[0].page == 1


def render_committee(path, heading: str, presidium: list[str], split_after: int | None = None):
    """A committee list: its heading, the presidium in the given sentences, then municipalities with their
    members, running onto a second page after `split_after` municipalities."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    seats = [("Bjuvs kommun", ["Anna Berg", "Karl Ek"], "Eva Holm, kommundirektör"),
             ("Båstads kommun", ["Erik Lind", "Sara Nord"], "Per Borg, kommunchef"),
             ("Helsingborgs stad", ["Lena Åberg", "Olof Ström"], "Maria Sand, stadsdirektör")]
    canvas = Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(60, y, heading)
    canvas.setFont("Helvetica", 10)
    for sentence in presidium:
        y -= 22
        canvas.drawString(60, y, sentence)
    for index, (municipality, members, official) in enumerate(seats):
        if split_after is not None and index == split_after:
            canvas.showPage()
            y = A4[1] - 60
        y -= 30
        canvas.setFont("Helvetica-Bold", 13)
        canvas.drawString(60, y, municipality)
        canvas.setFont("Helvetica", 10)
        for line in ["Ledamöter", *members, f"Tjänsteperson {official}"]:
            y -= 15
            canvas.drawString(60, y, line)
    return end_with_next_chapter(canvas, y, path)


@pytest.mark.parametrize("presidium", [
    ["Ordförande är Anna Berg, Bjuvs kommun, och vice ordförande är Erik Lind, Båstads kommun.",
     "Sekretariatschef är Johan Vik."],
    ["Till ordförande valdes Anna Berg (Bjuv) och till vice ordförande Erik Lind (Båstad).",
     "Sekretariatschefen har varit Johan Vik."],
    ["Ordförande: Anna Berg, Bjuv", "Vice ordförande: Erik Lind, Båstad", "Sekretariatschef: Johan Vik"],
])
def test_the_presidium_and_head_of_secretariat_in_other_wordings(tmp_path, presidium):
    path = render_committee(tmp_path / "k.pdf", "Samarbetskommitténs sammansättning 2025", presidium)
    found = extract_committee(build_document(path), "x", 2025)
    roles = {(m.role, m.name, m.municipality_code) for m in found.members if m.role in ("ordforande", "vice_ordforande", "sekretariatschef")}
    assert roles == {("ordforande", "Anna Berg", "1260"), ("vice_ordforande", "Erik Lind", "1278"),
                     ("sekretariatschef", "Johan Vik", None)}
    assert {m.as_of.isoformat() for m in found.members} == {"2025-12-31"}  # the heading names a year, not a date
    assert not any("names no" in f.message for f in found.findings)


@pytest.mark.parametrize("heading, as_of", [
    ("Samarbetskommitténs sammansättning 2025", "2025-12-31"),
    ("Samarbetskommitténs sammansättning", "2024-12-31"),  # no year: the report's year end
    ("Samarbetskommitténs sammansättning den 30 juni 2025", "2025-06-30"),
])
def test_a_committee_heading_with_or_without_a_date_and_a_list_over_two_pages(tmp_path, heading, as_of):
    path = render_committee(tmp_path / "k.pdf", heading, ["Ordförande är Anna Berg, Bjuvs kommun."], split_after=2)
    found = extract_committee(build_document(path), "x", 2024)
    members = [m for m in found.members if m.role in ("ledamot", "tjansteperson")]
    assert len(members) == 9 and {m.page for m in members} == {1, 2}
    assert {m.municipality_code for m in members if m.page == 2} == {"1283"}  # Helsingborg, on the next page
    assert {m.as_of.isoformat() for m in found.members} == {as_of}
    # The roles the section does not name are said, not left silent.
    missing = sorted(f.message.split("names no ")[1] for f in found.findings if "names no " in f.message)
    assert missing == ["sekretariatschef", "vice ordforande"]


@pytest.mark.parametrize("listing, names", [
    ("Kommunal Accelerator, Tillgänglighetsguiden och Gemensam vuxenutbildning",
     ["Kommunal Accelerator", "Tillgänglighetsguiden", "Gemensam vuxenutbildning"]),
    ("Kultur och fritid för unga, Digital inkludering", ["Kultur och fritid för unga", "Digital inkludering"]),
    ("Trygghet och säkerhet i skolan och Grön omställning", ["Trygghet och säkerhet i skolan", "Grön omställning"]),
    ("Hållbar mat och måltider", ["Hållbar mat och måltider"]),
])
def test_a_project_list_splits_on_och_only_between_two_names(listing, names):
    from extractors.records.projects import split_names

    assert split_names(listing) == names


def test_a_name_the_report_prints_elsewhere_is_kept_whole():
    from extractors.records.projects import split_names

    assert split_names("Skåne och Halland i samverkan, Ny i Sverige", frozenset({"skåne och halland i samverkan"})) == [
        "Skåne och Halland i samverkan", "Ny i Sverige"]
    assert split_names("Skåne och Halland i samverkan, Ny i Sverige") == ["Skåne", "Halland i samverkan", "Ny i Sverige"]


@pytest.mark.parametrize("items, read, finding", [
    (["1. Skolchefer", "2. Socialchefer", "3. Kulturchefer"], 3, False),
    (["1) Skolchefer", "2) Socialchefer", "3) Kulturchefer"], 0, True),  # numbered another way: said, not silent
    ([], 0, False),  # a chapter about networks in prose lists nothing to miss
])
def test_a_network_list_that_cannot_be_read_says_so(tmp_path, items, read, finding):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "natverk.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(60, A4[1] - 80, "Nätverk inom Familjen Helsingborg")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, A4[1] - 110, "Samarbetet bedrivs i nätverk mellan kommunernas tjänstepersoner.")
    for number, item in enumerate(items):
        canvas.drawString(60, A4[1] - 140 - 16 * number, item)
    canvas.showPage()
    canvas.save()
    found = extract_plan(build_document(path), "x")
    assert len(found.networks) == read
    assert [f.page for f in found.findings if "no network could be read" in f.message] == ([1] if finding else [])


@pytest.mark.parametrize("heading, is_committee", [
    ("Samarbetskommitténs sammansättning i Familjen Helsingborg den 31 december 2024", True),
    ("Samarbetskommitténs sammansättning 2025", True),
    ("Sammansättningen av samarbetskommittén", True),
    ("Styrelsens sammansättning", False),  # a housing cooperative's board, not the cooperation's committee
    ("Valberedningens sammansättning 2023", False),
    ("Revisorernas sammansättning", False),
])
def test_only_a_heading_naming_the_committee_opens_a_committee_list(heading, is_committee):
    from extractors.records.committee import committee_as_of

    assert (committee_as_of(heading, 2024) is not None) == is_committee


@pytest.mark.parametrize("lines", [
    ["Kultur och fritid för unga", "Digital inkludering", "Grön omställning"],
    ["• Kultur och fritid för unga", "• Digital inkludering", "• Grön omställning"],
    ["– Kultur och fritid för unga", "– Digital inkludering", "– Grön omställning"],
])
def test_a_project_list_set_one_name_a_line_is_split_by_its_layout(tmp_path, lines):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "lista.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(60, A4[1] - 80, "Projekt som beviljats medel 2024")
    canvas.setFont("Helvetica", 10)
    for number, line in enumerate(lines):
        canvas.drawString(60, A4[1] - 110 - 13 * number, line)
    canvas.showPage()
    canvas.save()
    found = extract_projects(build_document(path), "x", 2024)
    assert [p.name for p in found.projects] == ["Kultur och fritid för unga", "Digital inkludering", "Grön omställning"]
    assert {(p.status, p.year) for p in found.projects} == {("beviljats_medel", 2024)}
