#include "backprop/net.h"
#include "backprop/grads.h"

/* lab3 backward -- short version */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, D = net->D, H = net->H, C = net->C, i, a, b;
    double s;
    if (n != cache->N || X->size2 != D || g->N != n) return 1;

    for (i = 0; i < n; i++)
        for (b = 0; b < C; b++)
            gsl_matrix_set(g->dz2, i, b, (gsl_matrix_get(cache->prob, i, b) - (b == y[i])) / n);

    for (a = 0; a < H; a++)           /* dW2 = h^T dscores + 2 reg W2 */
        for (b = 0; b < C; b++) {
            for (s = 0, i = 0; i < n; i++) s += gsl_matrix_get(cache->z1, i, a) * gsl_matrix_get(g->dz2, i, b);
            gsl_matrix_set(g->dW2, a, b, s + 2 * reg * gsl_matrix_get(net->W2, a, b));
        }
    for (b = 0; b < C; b++) {         /* db2 */
        for (s = 0, i = 0; i < n; i++) s += gsl_matrix_get(g->dz2, i, b);
        gsl_vector_set(g->db2, b, s);
    }
    for (i = 0; i < n; i++)           /* dhidden, then relu */
        for (a = 0; a < H; a++) {
            for (s = 0, b = 0; b < C; b++) s += gsl_matrix_get(g->dz2, i, b) * gsl_matrix_get(net->W2, a, b);
            gsl_matrix_set(g->dp1, i, a, s);
            gsl_matrix_set(g->dz1, i, a, gsl_matrix_get(cache->z1, i, a) > 0 ? s : 0);
        }
    for (a = 0; a < D; a++)           /* dW1 */
        for (b = 0; b < H; b++) {
            for (s = 0, i = 0; i < n; i++) s += gsl_matrix_get(X, i, a) * gsl_matrix_get(g->dz1, i, b);
            gsl_matrix_set(g->dW1, a, b, s + 2 * reg * gsl_matrix_get(net->W1, a, b));
        }
    for (b = 0; b < H; b++) {         /* db1 */
        for (s = 0, i = 0; i < n; i++) s += gsl_matrix_get(g->dz1, i, b);
        gsl_vector_set(g->db1, b, s);
    }
    g->present = BP_GRADS_ALL;
    return 0;
}
