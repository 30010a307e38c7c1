# BCKD on detectors: the records are the FPN outputs (a tuple of 256-channel levels), fused
# whole-to-whole into one map on the stride-8 level like the segmentation backbone stages.
_base_ = ['./bckd_distiller.py']
neck = dict(stages=dict(type='ModuleOutputs', source='neck'))
# alpha = 12, beta = 0.15: at the first step of the tiny GFL pair (trained teacher,
# loss_scale_report.py) L_CD pulls the student about as hard as the detector's own losses
# (1.0x) and L_BD about half as hard (0.45x), the rule of the segmentation side; the
# segmentation weights (5 / 0.7) gave 0.19x and 4.7x here.
bckd_fpn_distiller = dict(
    _base_.bckd_feature_distiller,
    student_recorders=neck,
    teacher_recorders=neck,
    distill_losses=dict(
        loss_bd=dict(_base_.bckd_feature_distiller.distill_losses.loss_bd, loss_weight=12.0),
        loss_cd=dict(_base_.loss_cd, loss_weight=0.15)))
# P3-P7 (RetinaNet, GFL): the stride-8 level is index 0
fpn_fusion = dict(
    fusion_S=dict(type='BCKDFusionConnector', in_channels=[256] * 5, target_stage=0),
    fusion_T=dict(type='BCKDTeacherFusion', target_stage=0))
