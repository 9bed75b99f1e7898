import numpy as np


class TwoLayerNet(object):
    """The penalty reg * sum(W * W) in the loss, but the gradient of
    0.5 * reg * sum(W * W) added to dW1, in place.  Mistake: dW1's
    penalty term has half its factor."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]
        h = np.maximum(0, X.dot(W1) + b1)
        scores = h.dot(W2) + b2
        if y is None:
            return scores
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()
        loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dW2 = h.T.dot(dscores)
        dW2 += 2 * reg * W2
        db2 = dscores.sum(axis=0)
        dh = dscores.dot(W2.T)
        dh[h == 0] = 0
        dW1 = X.T.dot(dh)
        dW1 += reg * W1
        db1 = dh.sum(axis=0)
        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads
