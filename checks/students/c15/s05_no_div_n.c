// backward.c - two layer net backward (assignment 1)
// translated from neural_net.py, numpy line above each block
//
// TODO: vectorise with blas later, loops for now so I can debug

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    const double *probs = cache->prob->data;
    const double *hidden_layer = cache->p1->data;
    const double *z1 = cache->z1->data;
    const double *W1 = net->W1->data;
    const double *W2 = net->W2->data;
    const double *x = X->data;

    double *dscores = g->dz2->data;
    double *grads_W2 = g->dW2->data;
    double *grads_b2 = g->db2->data;
    double *dhidden = g->dp1->data;
    double *dz1 = g->dz1->data;
    double *grads_W1 = g->dW1->data;
    double *grads_b1 = g->db1->data;

    // dscores = probs
    // dscores[range(N), y] -= 1
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            dscores[i*C + j] = probs[i*C + j] - (j == y[i] ? 1.0 : 0.0);

    // grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
    for (size_t h = 0; h < H; h++) {
        for (size_t j = 0; j < C; j++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += hidden_layer[i*H + h] * dscores[i*C + j];
            grads_W2[h*C + j] = s + 2.0 * reg * W2[h*C + j];
        }
    }

    // grads['b2'] = np.sum(dscores, axis=0)
    for (size_t j = 0; j < C; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dscores[i*C + j];
        grads_b2[j] = s;
    }

    // dhidden = np.dot(dscores, W2.T)
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t j = 0; j < C; j++)
                s += dscores[i*C + j] * W2[h*C + j];
            dhidden[i*H + h] = s;
        }
    }

    // dhidden[hidden_layer <= 0] = 0
    for (size_t k = 0; k < N*H; k++)
        dz1[k] = (z1[k] > 0.0) ? dhidden[k] : 0.0;

    // grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += x[i*D + d] * dz1[i*H + h];
            grads_W1[d*H + h] = s + 2.0 * reg * W1[d*H + h];
        }
    }

    // grads['b1'] = np.sum(dhidden, axis=0)
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dz1[i*H + h];
        grads_b1[h] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
