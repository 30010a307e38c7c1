# BCKD on the tiny Cascade Mask R-CNN pair, offline detection scenes: L_BD + L_CD on the five FPN
# levels (P2-P6, 64 channels) fused onto P4 (stride 16: fused onto P3, the relations of L_CD
# made a step 9x the student's on 2 CPU cores), the teacher run to its FPN only. The teacher
# checkpoint comes from training the teacher config.
_base_ = ['../tiny/cascade-mask-rcnn_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py',
          './_base_/bckd_pairs.py']
teacher_cfg = ('mmkd_ext::tiny/cascade-mask-rcnn_r18-w32-tiny_1xb4-2000_'
               'offline-street-det-256x512.py')
fpn = _base_.fpn_distillers['p2-p6']
model = dict(
    _base_.feature_teacher,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=f'work_dirs/{teacher_cfg[15:-3]}/iter_2000.pth',
    architecture=_base_.model,
    distiller=dict(
        fpn,
        # alpha 65, beta 4.5: L_BD 0.45x and L_CD 1.0x the student's own gradient at step 0
        # (at GFL's 6 / 0.15: 0.04x and 0.03x, the RoI heads' losses pull hardest;
        # projects/offline_benchmark/results/offline_benchmark_det_scale_bckd_cascade.json)
        distill_losses=dict(fpn.distill_losses,
                            loss_bd=dict(fpn.distill_losses.loss_bd, loss_weight=65.0),
                            loss_cd=dict(fpn.distill_losses.loss_cd, loss_weight=4.5)),
        connectors=dict(
            fusion_S=dict(fpn.connectors.fusion_S, in_channels=[64] * 5, target_stage=2),
            fusion_T=dict(fpn.connectors.fusion_T, target_stage=2))))
val_cfg = _base_.distill_val_cfg
