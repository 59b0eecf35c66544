-- The project family's name is the analysts' name for it: without the full stop of the sentence it was printed in.
comment on column project_catalog.name is 'The family''s name as first printed, without the full stop of a sentence it ended ("Tillgänglighetsguiden steg 2." is "Tillgänglighetsguiden steg 2"); projects.name keeps each name exactly as printed.';
