from .offline_street import OfflineStreetDataset
from .street_scene_generator import (CLASSES, PALETTE, generate_dataset,
                                     generate_scene)

__all__ = [
    'OfflineStreetDataset', 'CLASSES', 'PALETTE', 'generate_dataset',
    'generate_scene'
]
