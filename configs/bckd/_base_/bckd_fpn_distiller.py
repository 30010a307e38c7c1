# BCKD on detectors: the records are the FPN outputs (a tuple of 256-channel levels), fused
# whole-to-whole into one map on the stride-8 level like the segmentation backbone stages.
_base_ = ['./bckd_distiller.py']
neck = dict(stages=dict(type='ModuleOutputs', source='neck'))
bckd_fpn_distiller = dict(_base_.bckd_feature_distiller, student_recorders=neck,
                          teacher_recorders=neck)
# P3-P7 (RetinaNet, GFL): the stride-8 level is index 0
fpn_fusion = dict(
    fusion_S=dict(type='BCKDFusionConnector', in_channels=[256] * 5, target_stage=0),
    fusion_T=dict(type='BCKDTeacherFusion', target_stage=0))
