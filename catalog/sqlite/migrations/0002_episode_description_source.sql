-- The show notes as the publisher typed them in the dashboard (Markdown or
-- HTML); description keeps the sanitized HTML that feeds and pages use.
-- '' when the notes came as HTML (the API, tags) or before this was kept:
-- the editor then shows description.
ALTER TABLE episodes ADD COLUMN description_source TEXT NOT NULL DEFAULT '';
