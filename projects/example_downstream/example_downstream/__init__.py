"""A downstream OpenMMLab project that distills with mmkd_ext on its own data."""
from .toy_shapes import ToyShapesDataset, make_toy_shapes

__all__ = ['ToyShapesDataset', 'make_toy_shapes']
