"""Plan phase: every output's path, kind and sources, decided before anything is rendered."""
