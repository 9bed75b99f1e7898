/* backward.c -- backprop for the 2-layer net
 * I index the gsl data arrays directly (with tda) through the macros below.
 *
 * TODO: use BLAS for the products */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, r, c)  ((A)->data[(size_t)(r) * (A)->tda + (size_t)(c)])
#define V(v, k)     ((v)->data[(size_t)(k) * (v)->stride])

struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, a, b;
    struct grads_local gl;

    gl.dscores = gsl_matrix_calloc(N, C);
    gl.dhidden = gsl_matrix_calloc(N, H);
    gl.dW1     = gsl_matrix_calloc(D, H);
    gl.dW2     = gsl_matrix_calloc(H, C);
    gl.db1     = gsl_vector_calloc(H);
    gl.db2     = gsl_vector_calloc(C);

    /* dL/dz2 */
    for (n = 0; n < N; n++) {
        for (b = 0; b < C; b++)
            M(gl.dscores, n, b) = M(cache->prob, n, b);
        M(gl.dscores, n, y[n]) -= 1.0;
        for (b = 0; b < C; b++)
            M(gl.dscores, n, b) /= (double) N;
    }

    /* dL/dW2 = p1^T dz2 + 2*reg*W2 ; dL/db2 */
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += M(cache->p1, n, a) * M(gl.dscores, n, b);
            M(gl.dW2, a, b) = s + 2.0 * reg * M(net->W2, a, b);
        }
    for (n = 0; n < N; n++)
        for (b = 0; b < C; b++)
            V(gl.db2, b) += M(gl.dscores, n, b);

    /* dL/dp1 = dz2 W2^T, then the relu mask (in place) -> dL/dz1 */
    for (n = 0; n < N; n++)
        for (a = 0; a < H; a++) {
            double s = 0.0;
            for (b = 0; b < C; b++)
                s += M(gl.dscores, n, b) * M(net->W2, a, b);
            M(gl.dhidden, n, a) = s;
        }
    gsl_matrix_memcpy(g->dp1, gl.dhidden);
    for (n = 0; n < N; n++)
        for (a = 0; a < H; a++)
            if (M(cache->z1, n, a) <= 0.0)
                M(gl.dhidden, n, a) = 0.0;

    /* dL/dW1 = X^T dz1 + 2*reg*W1 ; dL/db1 */
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += M(X, n, a) * M(gl.dhidden, n, b);
            M(gl.dW1, a, b) = s;
        }
    for (n = 0; n < N; n++)
        for (b = 0; b < H; b++)
            V(gl.db1, b) += M(gl.dhidden, n, b);

    gsl_matrix_memcpy(g->dz2, gl.dscores);
    gsl_matrix_memcpy(g->dW2, gl.dW2);
    gsl_vector_memcpy(g->db2, gl.db2);
    gsl_matrix_memcpy(g->dz1, gl.dhidden);
    gsl_matrix_memcpy(g->dW1, gl.dW1);
    gsl_vector_memcpy(g->db1, gl.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(gl.dscores);
    gsl_matrix_free(gl.dhidden);
    gsl_matrix_free(gl.dW1);
    gsl_matrix_free(gl.dW2);
    gsl_vector_free(gl.db1);
    gsl_vector_free(gl.db2);
    return 0;
}
