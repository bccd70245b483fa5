-- Acknowledgement is new. A task its assignee already started (or submitted, or had sent back) was
-- plainly seen: count it acknowledged when it was first started, so no "Acknowledge" button and no
-- acknowledgement alert appear for work long under way. Tasks still only assigned stay unacknowledged.
UPDATE tasks SET acknowledged_at = coalesce(
  (SELECT min(e.at) FROM audit_events e WHERE e.task_id = tasks.id AND e.action = 'task.in_progress'),
  tasks.updated_at)
WHERE acknowledged_at IS NULL AND status <> 'assigned';
