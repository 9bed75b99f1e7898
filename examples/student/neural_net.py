"""neural_net.py -- a two-layer net in CS231n's interface, with the two
mistakes of a student's report in its backward pass: the ReLU mask taken
on the sign of the upstream gradient instead of on the ReLU's input, and
the weight gradients divided by N once more.  Check it, from the top of
the source tree before `make install`:

    export BACKPROP_PYTHONPATH=$PWD/python
    src/gradcheck --python examples/student/neural_net.py

gradcheck names each mistake and its line; fix them and it says that all
gradients agree.  The loss is CS231n's: the mean cross-entropy plus
reg * (|W1|^2 + |W2|^2).
"""

import numpy as np


class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {
            'W1': std * np.random.randn(input_size, hidden_size),
            'b1': np.zeros(hidden_size),
            'W2': std * np.random.randn(hidden_size, output_size),
            'b2': np.zeros(output_size),
        }

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        # Forward pass
        hidden = np.maximum(0, X.dot(W1) + b1)
        scores = hidden.dot(W2) + b2
        if y is None:
            return scores

        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        # Backward pass
        grads = {}
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads['W2'] = hidden.T.dot(dscores) / N + 2 * reg * W2
        grads['b2'] = dscores.sum(axis=0)
        dhidden = dscores.dot(W2.T)
        dhidden[dhidden < 0] = 0
        grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
        grads['b1'] = dhidden.sum(axis=0)
        return loss, grads
