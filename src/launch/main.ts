// placeholder: the Codex launcher (issue 3).
export {};
