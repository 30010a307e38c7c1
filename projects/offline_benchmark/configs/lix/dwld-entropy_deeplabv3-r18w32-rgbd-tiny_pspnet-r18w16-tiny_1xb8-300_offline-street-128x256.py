# DWLD with the parameter-free weight rule (beta grows with the student's entropy, no
# controller), tiny RGB-D -> RGB pair.
_base_ = ['../../../../configs/lix/dwld_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_dwld=dict(weight_rule='entropy'))))
