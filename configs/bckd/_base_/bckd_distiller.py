# BCKD distiller shared by the segmentation configs: L_BD and L_CD (row-chunked) on the fused
# stride-8 maps, r(t) linear decay. The student side is a trainable BCKDFusionConnector; the
# teacher side carries the teacher's knowledge without parameters: its normalised, fused
# stages (BCKDTeacherFusion) for the relations of L_CD and its class probabilities for the
# boundaries of L_BD. alpha and beta are set from the measured gradient scale (see the
# README's design decisions), not the paper's 10 / 50, which belong to unnormalised terms.
# A config adds the connectors with dict(bckd_distiller, connectors=dict(
#     fusion_S=dict(type='BCKDFusionConnector', in_channels=<student stages>),
#     fusion_T=teacher_fusion)).
fused_S = dict(from_student=True, recorder='stages', connector='fusion_S')
fused_T = dict(from_student=False, recorder='stages', connector='fusion_T')
stages = dict(stages=dict(type='ModuleOutputs', source='backbone'))
teacher_fusion = dict(type='BCKDTeacherFusion', target_stage=1)
# beta = 0.7, alpha = 5: at the first step of the tiny CNN pair (trained teacher) L_CD pulls
# the student about as hard as its cross-entropy (1.0x) and L_BD about half as hard (0.45x).
loss_cd = dict(type='BCKDContextLoss', chunk_size=1024, loss_weight=0.7)
bckd_distiller = dict(
    type='LabelAwareDistiller',
    student_recorders=stages,
    teacher_recorders=dict(stages, logits=dict(type='ModuleOutputs',
                                               source='decode_head.conv_seg')),
    distill_losses=dict(
        loss_bd=dict(type='BCKDBoundaryLoss', loss_weight=5.0),
        loss_cd=loss_cd),
    loss_forward_mappings=dict(
        loss_bd=dict(embed_S=dict(**fused_S, connector_idx=1),
                     embed_T=dict(from_student=False, recorder='logits')),
        loss_cd=dict(feats_S=dict(**fused_S, connector_idx=0), feats_T=fused_T)))
# Teachers without a class map on the stride-8 grid (Mask2Former run to extract_feat,
# detectors): the boundaries of L_BD come from the same normalised fused stages.
bckd_feature_distiller = dict(
    bckd_distiller,
    teacher_recorders=stages,
    distill_losses=dict(
        loss_bd=dict(type='BCKDBoundaryLoss', teacher_input='features', loss_weight=5.0),
        loss_cd=loss_cd),
    loss_forward_mappings=dict(
        loss_bd=dict(embed_S=dict(**fused_S, connector_idx=1), embed_T=fused_T),
        loss_cd=dict(feats_S=dict(**fused_S, connector_idx=0), feats_T=fused_T)))

custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear')]
find_unused_parameters = True
