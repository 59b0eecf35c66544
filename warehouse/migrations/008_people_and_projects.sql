-- Who governs the cooperation, what it spends on, and the plan's goals and networks.
create table if not exists municipalities (
    code   varchar primary key,
    name   varchar not null,
    forms  varchar[] not null
);

comment on table municipalities is 'The eleven member municipalities with their official codes (schemas/vocabularies/municipalities.yaml), rewritten on every connect.';
comment on column municipalities.code is 'Official municipality code (kommunkod), e.g. 1283 for Helsingborg.';
comment on column municipalities.name is 'The municipality''s short name: Helsingborg.';
comment on column municipalities.forms is 'Forms the name takes in print: Helsingborgs stad, ...';

create table if not exists committee_members (
    report_id          varchar not null,
    as_of              date not null,
    municipality_code  varchar,
    municipality       varchar,
    person_id          varchar,
    name               varchar not null,
    role               varchar not null,
    title              varchar,
    acting             boolean not null,
    page               integer not null,
    x0                 double not null,
    top                double not null,
    x1                 double not null,
    bottom             double not null
);

comment on table committee_members is 'One row per person named in a committee list, in one role, on the date the list gives.';
comment on column committee_members.report_id is 'The report that prints the list (reports.report_id).';
comment on column committee_members.as_of is 'The date of the composition ("den 31 december 2024").';
comment on column committee_members.municipality_code is 'Code of the municipality the person represents (municipalities.code); NULL for the head of the secretariat.';
comment on column committee_members.municipality is 'The municipality as printed: "Höganäs Kommun", or "Helsingborg" in the presidium sentence.';
comment on column committee_members.person_id is 'One identity per person across reports (persons.person_id).';
comment on column committee_members.name is 'The name as printed, whitespace collapsed.';
comment on column committee_members.role is 'ledamot (member), tjansteperson (official), ordforande (chair), vice_ordforande (vice chair) or sekretariatschef (head of the secretariat).';
comment on column committee_members.title is 'The official''s title as printed ("tf kommunchef"), whitespace collapsed.';
comment on column committee_members.acting is 'True when the title says tf (tillförordnad, acting).';
comment on column committee_members.page is 'Physical page number (1-based) of the name.';
comment on column committee_members.x0 is 'Left edge of the printed name (points).';
comment on column committee_members.top is 'Top edge of the printed name (points).';
comment on column committee_members.x1 is 'Right edge of the printed name (points).';
comment on column committee_members.bottom is 'Bottom edge of the printed name (points).';

create table if not exists persons (
    person_id  varchar primary key,
    name       varchar not null
);

comment on table persons is 'One row per person across all reports, rebuilt after every load.';
comment on column persons.person_id is 'Stable identifier made from the first spelling of the name.';
comment on column persons.name is 'The name as first printed (oldest report first).';

create table if not exists person_name_decisions (
    name               varchar not null,
    role               varchar not null,
    municipality_code  varchar,
    person_id          varchar not null,
    joined_with        varchar,
    score              double not null,
    reason             varchar not null
);

comment on table person_name_decisions is 'How each printed name (in a role and municipality) was given its person: joined to which name, by what score, why.';
comment on column person_name_decisions.name is 'The name as printed.';
comment on column person_name_decisions.role is 'The role it was printed in.';
comment on column person_name_decisions.municipality_code is 'The municipality it was printed under.';
comment on column person_name_decisions.person_id is 'The person it was given.';
comment on column person_name_decisions.joined_with is 'The earlier spelling it was matched to; NULL for a new person.';
comment on column person_name_decisions.score is 'rapidfuzz ratio of the match (100 for the same name); for a new person, the best score that was not enough.';
comment on column person_name_decisions.reason is 'same name; spelling variant in the same role and municipality; new person.';

create table if not exists projects (
    report_id   varchar not null,
    year        integer not null,
    project_id  varchar,
    name        varchar not null,
    area        varchar,
    status      varchar not null,
    page        integer not null,
    x0          double not null,
    top         double not null,
    x1          double not null,
    bottom      double not null
);

comment on table projects is 'One row per test and development project a report lists: granted money, active, or told as an example.';
comment on column projects.report_id is 'The report that lists the project.';
comment on column projects.year is 'The year the listing is about.';
comment on column projects.project_id is 'The project family across reports and steps (project_catalog.project_id).';
comment on column projects.name is 'The name as printed, typos and trailing stop included.';
comment on column projects.area is 'Development area: Livskvalitet, Företagsamhet, Infrastruktur, Inre effektivitet, Digitalisering; NULL when the report gives none.';
comment on column projects.status is 'beviljats_medel (granted money that year), verksam (active that year), exempel (told as an example).';
comment on column projects.page is 'Physical page number (1-based) of the name.';
comment on column projects.x0 is 'Left edge of the printed name (points).';
comment on column projects.top is 'Top edge of the printed name (points).';
comment on column projects.x1 is 'Right edge of the printed name (points).';
comment on column projects.bottom is 'Bottom edge of the printed name (points).';

create table if not exists project_catalog (
    project_id  varchar primary key,
    name        varchar not null,
    names       varchar[] not null
);

comment on table project_catalog is 'One row per project family across years and steps, rebuilt after every load.';
comment on column project_catalog.project_id is 'Stable identifier made from the family''s first name without step or year.';
comment on column project_catalog.name is 'The family''s name as first printed.';
comment on column project_catalog.names is 'Every name printed for the family.';

create table if not exists project_name_decisions (
    name        varchar not null,
    project_id  varchar not null,
    joined_with varchar,
    score       double not null,
    reason      varchar not null
);

comment on table project_name_decisions is 'How each printed project name was put in its family: joined to which name, by what score, why.';
comment on column project_name_decisions.name is 'The project name as printed.';
comment on column project_name_decisions.project_id is 'The family it was put in.';
comment on column project_name_decisions.joined_with is 'The earlier name it was matched to; NULL for a new family.';
comment on column project_name_decisions.score is 'rapidfuzz score of the match (ratio, or partial ratio for a name inside another); for a new family, the best score that was not enough.';
comment on column project_name_decisions.reason is 'same name; same family; new project family.';

create table if not exists networks (
    report_id      varchar not null,
    number         integer not null,
    name           varchar not null,
    network_group  varchar,
    page           integer not null,
    x0             double not null,
    top            double not null,
    x1             double not null,
    bottom         double not null
);

comment on table networks is 'One row per numbered knowledge network a plan lists.';
comment on column networks.report_id is 'The plan that lists it.';
comment on column networks.number is 'The number printed before it.';
comment on column networks.name is 'The network as printed.';
comment on column networks.network_group is 'The list it stands in: "Nätverk kopplade till Verksamhetsplanen", "Övriga nätverk".';
comment on column networks.page is 'Physical page number (1-based).';
comment on column networks.x0 is 'Left edge of the printed line (points).';
comment on column networks.top is 'Top edge of the printed line (points).';
comment on column networks.x1 is 'Right edge of the printed line (points).';
comment on column networks.bottom is 'Bottom edge of the printed line (points).';

create table if not exists plan_goals (
    report_id          varchar not null,
    goal_area          varchar not null,
    goal               varchar,
    strategy           varchar,
    metric_number      varchar,
    metric             varchar not null,
    responsible        varchar,
    responsible_codes  varchar[] not null,
    page               integer not null,
    x0                 double not null,
    top                double not null,
    x1                 double not null,
    bottom             double not null
);

comment on table plan_goals is 'One row per metric (mätetal) of a plan''s goal tables, with its goal, strategy and the municipalities responsible.';
comment on column plan_goals.report_id is 'The plan.';
comment on column plan_goals.goal_area is 'The goal area heading as printed: "1. Infrastruktur (inkl kollektivtrafik)".';
comment on column plan_goals.goal is 'The goal (Mål) the metric serves; a cell spanning several rows applies to each.';
comment on column plan_goals.strategy is 'The strategy (Strategi) the metric measures.';
comment on column plan_goals.metric_number is 'The metric''s number as printed: "1.4", "1.8 a)", "3.1.1".';
comment on column plan_goals.metric is 'The metric''s text, lines joined.';
comment on column plan_goals.responsible is 'The responsible cell''s line for this metric, as printed.';
comment on column plan_goals.responsible_codes is 'Codes of the municipalities named responsible.';
comment on column plan_goals.page is 'Physical page number (1-based).';
comment on column plan_goals.x0 is 'Left edge of the printed metric (points).';
comment on column plan_goals.top is 'Top edge of the printed metric (points).';
comment on column plan_goals.x1 is 'Right edge of the printed metric (points).';
comment on column plan_goals.bottom is 'Bottom edge of the printed metric (points).';
