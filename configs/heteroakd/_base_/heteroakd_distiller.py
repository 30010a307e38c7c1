# HeteroAKD's distiller, hooks and imports. A leaf wraps its student with FrozenTeacherDistill
# and adds the two projectors: distiller=dict(heteroakd_distiller, connectors=dict(
#     proj_S=dict(type='LogitSpaceProjector', in_channels=<student stage>, num_classes=K),
#     proj_T=dict(type='LogitSpaceProjector', in_channels=<teacher stage>, num_classes=K))).
# last backbone stage of teacher and student -> LogitSpaceProjector (1x1 conv + BN, no ReLU)
# -> HeteroAKDLoss (per-class BCE reliability averaged over classes, KMM hybrid, spatial KEM;
# T = 4 for the divergence and the KEM softmax, as the public re-implementations) + GT
# supervision of both projections (the student's at 0.4, mmseg's auxiliary-head weight) + pixel
# KD on the final logits (weight 0.1, as in the paper). The tiny configs project stage 2 of a
# MiT (1/8) instead of stage 4 (1/32: 4x8 at 128x256).
heteroakd_reliability = 'bce'
heteroakd_labels = dict(from_data='gt_sem_seg')
heteroakd_stage_S = dict(from_student=True, recorder='stages', data_idx=3, connector='proj_S')
heteroakd_stage_T = dict(from_student=False, recorder='stages', data_idx=3, connector='proj_T')
heteroakd_distiller = dict(
    type='LabelAwareDistiller',
    student_recorders=dict(
        stages=dict(type='ModuleOutputs', source='backbone'),
        logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    teacher_recorders=dict(
        stages=dict(type='ModuleOutputs', source='backbone'),
        logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    distill_losses=dict(
        loss_hetero=dict(type='HeteroAKDLoss', reliability=heteroakd_reliability, tau=4.0,
                         target='kmm', kem_norm='spatial', kem_tau=4.0, grid='finer',
                         loss_weight=1.0),
        loss_kd=dict(type='MaskedPixelKLDivergence', tau=1.0, loss_weight=0.1),
        loss_proj_S=dict(type='HeteroAKDProjectionLoss', reliability=heteroakd_reliability,
                         loss_weight=0.4),
        loss_proj_T=dict(type='HeteroAKDProjectionLoss', reliability=heteroakd_reliability)),
    loss_forward_mappings=dict(
        loss_hetero=dict(preds_S=heteroakd_stage_S, preds_T=heteroakd_stage_T,
                         gt_labels=heteroakd_labels),
        loss_kd=dict(
            preds_S=dict(from_student=True, recorder='logits'),
            preds_T=dict(from_student=False, recorder='logits'),
            gt_labels=heteroakd_labels),
        loss_proj_S=dict(preds=heteroakd_stage_S, gt_labels=heteroakd_labels),
        loss_proj_T=dict(preds=heteroakd_stage_T, gt_labels=heteroakd_labels)))

# GT-only warm-up: the two KD terms are 0 for warmup_iters iterations; the projectors are
# supervised from the start, so KMM rates trained projections when KD begins.
custom_hooks = [
    dict(type='mmrazor.DistillWeightScheduleHook', warmup_iters=2000,
         loss_names=['loss_hetero', 'loss_kd'])
]
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
find_unused_parameters = True
