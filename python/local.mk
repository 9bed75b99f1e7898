## python/local.mk -- included by Makefile.am.  The Python side of
## gradcheck --python: the package backprop_check, which runs a student's
## Python two-layer net and saves what gradcheck --npy reads (the contract
## is the package's docstring, python/backprop_check/__init__.py), and its
## tests.  Installed into $(pythondir)/backprop_check; C code finds it
## through PYTHONDIR (AM_CPPFLAGS) and the interpreter through BP_PYTHON
## (config.h).

backprop_checkdir = $(pythondir)/backprop_check
backprop_check_sources = \
	python/backprop_check/__init__.py \
	python/backprop_check/run.py \
	python/backprop_check/student.py \
	python/backprop_check/trace.py \
	python/backprop_check/identify.py \
	python/backprop_check/problem.py \
	python/backprop_check/collect.py \
	python/backprop_check/notebook.py
if HAVE_PYTHON
backprop_check_PYTHON = $(backprop_check_sources)
endif
EXTRA_DIST += $(backprop_check_sources)
