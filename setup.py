"""Builds the compiled inner loops of repeat collapse; everything else is in pyproject.toml."""
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("cleaning.repeat_kernels", ["cleaning/repeat_kernels.pyx"], extra_compile_args=["-O2"])],
        language_level=3,
    )
)
