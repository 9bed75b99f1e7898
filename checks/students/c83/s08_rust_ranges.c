/* backward.c -- hand backprop for the 2-layer net.
 * I mostly write Rust; C's for-loops still trip me up, so I wrote down the
 * range I meant (0..=last) next to each loop. */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    const double inv_n = 1.0 / (double)n;

    if (n != cache->N || X->size2 != d || g->N != n)
        return 1;

    /* dz2: 0..=n-1 x 0..=c-1 */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c; k++)
            AT(g->dz2, i, k) = (AT(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) * inv_n;

    /* dW2: 0..=h-1 x 0..=c-1, sum over 0..=n-1 */
    for (size_t j = 0; j < h; j++)
        for (size_t k = 0; k < c; k++) {
            double acc = 2.0 * reg * AT(net->W2, j, k);
            for (size_t i = 0; i < n; i++)
                acc += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = acc;
        }

    /* db2: 0..=c-1 */
    for (size_t k = 0; k < c; k++) {
        double acc = 0.0;
        for (size_t i = 0; i < n; i++)
            acc += AT(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dp1: 0..=n-1 x 0..=h-1, dot over the classes 0..=c-1 */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++) {
            double acc = 0.0;
            for (size_t k = 0; k < c - 1; k++)
                acc += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = acc;
        }

    /* dz1: relu gate */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? AT(g->dp1, i, j) : 0.0;

    /* dW1: 0..=d-1 x 0..=h-1, sum over 0..=n-1 */
    for (size_t a = 0; a < d; a++)
        for (size_t j = 0; j < h; j++) {
            double acc = 2.0 * reg * AT(net->W1, a, j);
            for (size_t i = 0; i < n; i++)
                acc += AT(X, i, a) * AT(g->dz1, i, j);
            AT(g->dW1, a, j) = acc;
        }

    /* db1 */
    for (size_t j = 0; j < h; j++) {
        double acc = 0.0;
        for (size_t i = 0; i < n; i++)
            acc += AT(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
