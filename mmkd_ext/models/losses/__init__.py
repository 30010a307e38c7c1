from .hetero_akd import HeteroAKDLoss
from .hetero_akd_projection import HeteroAKDProjectionLoss
from .masked_pixel_kl import MaskedPixelKLDivergence
from .resized_cwd import ResizedChannelWiseDivergence
from .hierarchical_context_loss import HierarchicalContextLoss
from .patch_embedding_loss import PatchEmbeddingLoss
from .bckd_boundary import BCKDBoundaryLoss
from .bckd_context import BCKDContextLoss
from .arfd import ARFDLoss
from .dwld import DWLDLoss

__all__ = [
    'BCKDBoundaryLoss', 'BCKDContextLoss',
    'HeteroAKDLoss', 'HeteroAKDProjectionLoss', 'MaskedPixelKLDivergence',
    'ResizedChannelWiseDivergence',
    'HierarchicalContextLoss', 'PatchEmbeddingLoss',
    'ARFDLoss', 'DWLDLoss'
]
