"""Uploads, their check in the worker, letters, and the submitters' and editors' pages.

- :mod:`.models`    a submission: the upload kept byte for byte, its status, its letter
- :mod:`.uploads`   what an upload must be before it is even stored (name, size, kind)
- :mod:`.checking`  the worker's task: the library's ingestion under the edition's lock, the letter
- :mod:`.recovery`  checks interrupted by a crash are queued again
- :mod:`.views`, :mod:`.editor`, :mod:`.api`  the pages
"""
