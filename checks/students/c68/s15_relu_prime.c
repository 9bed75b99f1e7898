/* backward.c  (course names: dZ2 dW2 db2 dA1 dZ1 dW1 db1, m, lambd)
 * Library layout: one example per row, so A1 is (m, n_h) etc. */
#include "backprop.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* g'(z) of the hidden activation */
static double relu_prime(double z)
{
    return z > 0 ? z : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *Z1 = cache->z1, *A1 = cache->p1, *A2 = cache->prob;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    size_t m = X->size1, n_x = net->D, n_h = net->H, n_y = net->C;
    size_t i, j, k;
    double lambd = reg;

    /* dZ2 = (A2 - Y) / m */
    for (i = 0; i < m; i++)
        for (k = 0; k < n_y; k++)
            AT(g->dz2, i, k) = (AT(A2, i, k) - (y[i] == k)) / m;

    /* dW2 = A1^T dZ2 + 2 lambd W2 */
    for (j = 0; j < n_h; j++)
        for (k = 0; k < n_y; k++) {
            double acc = 2.0 * lambd * AT(W2, j, k);
            for (i = 0; i < m; i++)
                acc += AT(A1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = acc;
        }

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < m; i++)
        for (k = 0; k < n_y; k++)
            g->db2->data[k * g->db2->stride] += AT(g->dz2, i, k);

    /* dA1 = dZ2 W2^T and dZ1 = dA1 * g'(Z1) */
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++) {
            double acc = 0.0;
            for (k = 0; k < n_y; k++)
                acc += AT(g->dz2, i, k) * AT(W2, j, k);
            AT(g->dp1, i, j) = acc;
            AT(g->dz1, i, j) = acc * relu_prime(AT(Z1, i, j));
        }

    /* dW1 = X^T dZ1 + 2 lambd W1 */
    for (k = 0; k < n_x; k++)
        for (j = 0; j < n_h; j++) {
            double acc = 2.0 * lambd * AT(W1, k, j);
            for (i = 0; i < m; i++)
                acc += AT(X, i, k) * AT(g->dz1, i, j);
            AT(g->dW1, k, j) = acc;
        }

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++)
            g->db1->data[j * g->db1->stride] += AT(g->dz1, i, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
