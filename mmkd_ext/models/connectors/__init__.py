from .hetero_akd_projector import LogitSpaceProjector
from .knowledge_review_abf import KnowledgeReviewABFConnector
from .transkd_csf import TransKDCSFConnector
from .transkd_ea import TransKDEAConnector
from .transkd_gl_mixer import TransKDGLMixerConnector
from .transkd_pea import TransKDPEAConnector
from .bckd_fusion import BCKDFusionConnector
from .bckd_teacher_fusion import BCKDTeacherFusion
from .lix_arfd_aligner import ARFDAligner

__all__ = [
    'BCKDFusionConnector', 'BCKDTeacherFusion',
    'LogitSpaceProjector', 'KnowledgeReviewABFConnector', 'TransKDCSFConnector',
    'TransKDEAConnector', 'TransKDGLMixerConnector', 'TransKDPEAConnector',
    'ARFDAligner'
]
