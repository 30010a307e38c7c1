# DWLD as the paper's text reads: the controller trained by the loss it weights (it collapses
# to beta_min; kept as the ablation row), tiny RGB-D -> RGB pair.
_base_ = ['../../../../configs/lix/dwld_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_dwld=dict(weight_rule='self'))))
