# BCKD distiller shared by the paper-scale configs: L_BD (alpha = 10) and L_CD (beta = 50,
# row-chunked) on the fusion connectors' outputs, r(t) linear decay. A config adds the
# connectors (`in_channels` of its teacher and student) with dict(bckd_distiller, connectors=...).
fused_S = dict(from_student=True, recorder='stages', connector='fusion_S')
fused_T = dict(from_student=False, recorder='stages', connector='fusion_T')
bckd_distiller = dict(
    type='LabelAwareDistiller',
    student_recorders=dict(stages=dict(type='ModuleOutputs', source='backbone')),
    teacher_recorders=dict(stages=dict(type='ModuleOutputs', source='backbone')),
    distill_losses=dict(
        loss_bd=dict(type='BCKDBoundaryLoss', loss_weight=10.0),
        loss_cd=dict(type='BCKDContextLoss', chunk_size=1024, loss_weight=50.0)),
    loss_forward_mappings=dict(
        loss_bd=dict(embed_S=dict(**fused_S, connector_idx=1),
                     embed_T=dict(**fused_T, connector_idx=1)),
        loss_cd=dict(feats_S=dict(**fused_S, connector_idx=0),
                     feats_T=dict(**fused_T, connector_idx=0))))

custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear')]
find_unused_parameters = True
