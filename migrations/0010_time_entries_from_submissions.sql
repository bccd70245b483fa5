-- Time was only recorded with submissions (`submit … spent:`). Each such submission becomes a time entry of
-- the person who submitted it, so time logged before reassignments stays with whoever logged it.
INSERT INTO time_entries (firm_id, task_id, person_id, minutes, note, round, logged_at)
SELECT t.firm_id, s.task_id, s.submitted_by, s.spent_minutes, NULL, s.round, s.submitted_at
FROM submissions s
JOIN tasks t ON t.id = s.task_id
WHERE s.spent_minutes IS NOT NULL AND s.spent_minutes > 0
ORDER BY s.submitted_at;
