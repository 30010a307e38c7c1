from .hetero_akd import HeteroAKDLoss
from .hetero_akd_projection import HeteroAKDProjectionLoss
from .kd_masked_pixel_kl import MaskedPixelKLDivergence
from .cwd_resized import ResizedChannelWiseDivergence
from .transkd_hcl import HierarchicalContextLoss
from .transkd_patch_embedding import PatchEmbeddingLoss
from .bckd_boundary import BCKDBoundaryLoss
from .bckd_context import BCKDContextLoss
from .lix_arfd import ARFDLoss
from .lix_dwld import DWLDLoss

__all__ = [
    'BCKDBoundaryLoss', 'BCKDContextLoss',
    'HeteroAKDLoss', 'HeteroAKDProjectionLoss', 'MaskedPixelKLDivergence',
    'ResizedChannelWiseDivergence',
    'HierarchicalContextLoss', 'PatchEmbeddingLoss',
    'ARFDLoss', 'DWLDLoss'
]
