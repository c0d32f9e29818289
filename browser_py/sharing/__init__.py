"""Sharing entries between devices and tabs: the export file and its import, combining
the working group's files, undoing an import, the rule two tabs merge by, the names of the
files and the reminder to export."""
