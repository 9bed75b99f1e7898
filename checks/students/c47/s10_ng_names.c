/* backward propagation (did the deeplearning.ai course before this one,
 * so the names are from there: dZ2, dA1, dZ1 ...)
 *   dZ2 = A2 - Y            (divided by m here, the loss is a mean)
 *   dW2 = A1^T dZ2 + 2 lambda W2
 *   db2 = sum(dZ2)
 *   dA1 = dZ2 W2^T
 *   dZ1 = dA1 * g'(Z1)
 *   dW1 = X^T dZ1 + 2 lambda W1,   db1 = sum(dZ1)
 */
#include "backprop.h"

#define IDX(i,j,cols) ((i)*(cols)+(j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int relu_prime(double z) { return z > 0; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double lambda, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1;                 /* number of examples */
    size_t n_x = net->D, n_h = net->H, n_y = net->C;
    size_t i, j, k;
    double *dZ2 = g->dz2->data, *dA1 = g->dp1->data, *dZ1 = g->dz1->data;
    const double *A1 = cache->p1->data, *A2 = cache->prob->data;
    const double *Z1 = cache->z1->data, *W1 = net->W1->data, *W2 = net->W2->data;

    if (m == 0)
        return 1;

    /* dZ2 */
    for (i = 0; i < m; i++)
        for (k = 0; k < n_y; k++)
            dZ2[IDX(i, k, n_y)] = (A2[IDX(i, k, n_y)] - (k == y[i] ? 1.0 : 0.0)) / m;

    /* dW2 */
    for (j = 0; j < n_h; j++)
        for (k = 0; k < n_y; k++) {
            float acc = 0.0f;
            for (i = 0; i < m; i++)
                acc += A1[IDX(i, j, n_h)] * dZ2[IDX(i, k, n_y)];
            g->dW2->data[IDX(j, k, n_y)] = acc + 2 * lambda * W2[IDX(j, k, n_y)];
        }

    /* db2 = np.sum(dZ2, axis=1, keepdims=True) */
    for (k = 0; k < n_y; k++) {
        float acc = 0.0f;
        for (i = 0; i < m; i++)
            acc += dZ2[IDX(k, i, m)];
        g->db2->data[k] = acc;
    }

    /* dA1 */
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++) {
            double s = 0.0;
            for (k = 0; k < n_y; k++)
                s += dZ2[IDX(i, k, n_y)] * W2[IDX(j, k, n_y)];
            dA1[IDX(i, j, n_h)] = s;
        }

    /* dZ1 */
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++)
            dZ1[IDX(i, j, n_h)] = dA1[IDX(i, j, n_h)] * relu_prime(Z1[IDX(i, j, n_h)]);

    /* dW1, db1 */
    for (i = 0; i < n_x; i++)
        for (j = 0; j < n_h; j++) {
            double s = 0.0;
            for (k = 0; k < m; k++)
                s += X->data[IDX(k, i, n_x)] * dZ1[IDX(k, j, n_h)];
            g->dW1->data[IDX(i, j, n_h)] = s + 2 * lambda * W1[IDX(i, j, n_h)];
        }
    for (j = 0; j < n_h; j++) {
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += dZ1[IDX(i, j, n_h)];
        g->db1->data[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
