-- Server-side tools a key may run (chat completions' mcp tools, /mcp): a JSON array of "<server_label>__<tool>" or
-- "<server_label>__*" entries; NULL = every tool the tools service offers.
ALTER TABLE api_keys ADD COLUMN allowed_tools VARCHAR(20000);
