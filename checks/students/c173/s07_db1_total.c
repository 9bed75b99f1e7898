// HW4 - backward pass, two layer net
// TODO blocks from the skeleton, VLAs from the skeleton.
// used gsl_blas for the big products (views over the VLAs)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double total;

    double dscores[N][C];
    double dW2[H][C];
    double db2[C];
    double dhidden[N][H];
    double dz1[N][H];
    double dW1[D][H];
    double db1[H];

    gsl_matrix_view Dscores = gsl_matrix_view_array(&dscores[0][0], N, C);
    gsl_matrix_view DW2 = gsl_matrix_view_array(&dW2[0][0], H, C);
    gsl_matrix_view Dhidden = gsl_matrix_view_array(&dhidden[0][0], N, H);
    gsl_matrix_view Dz1 = gsl_matrix_view_array(&dz1[0][0], N, H);
    gsl_matrix_view DW1 = gsl_matrix_view_array(&dW1[0][0], D, H);

    // TODO 1: dscores
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            dscores[i][j] = gsl_matrix_get(cache->prob, i, j) / N;
        }
        dscores[i][y[i]] -= 1.0 / N;
    }

    // TODO 2: dW2 = p1' dscores + 2 reg W2
    gsl_matrix_memcpy(&DW2.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &Dscores.matrix, 2 * reg, &DW2.matrix);

    // TODO 3: db2
    for (j = 0; j < C; j++) {
        db2[j] = 0;
        for (i = 0; i < N; i++) {
            db2[j] += dscores[i][j];
        }
    }

    // TODO 4: dhidden = dscores W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &Dscores.matrix, net->W2, 0.0, &Dhidden.matrix);

    // TODO 5: dz1
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            dz1[i][j] = (gsl_matrix_get(cache->z1, i, j) > 0) ? dhidden[i][j] : 0;
        }
    }

    // TODO 6: dW1 = X' dz1 + 2 reg W1
    gsl_matrix_memcpy(&DW1.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &Dz1.matrix, 2 * reg, &DW1.matrix);

    // TODO 7: db1 (same as db2)
    total = 0;
    for (j = 0; j < H; j++) {
        for (i = 0; i < N; i++) {
            total += dz1[i][j];
        }
        db1[j] = total;
    }

    // ---- copy into g ----
    gsl_matrix_memcpy(g->dz2, &Dscores.matrix);
    gsl_matrix_memcpy(g->dW2, &DW2.matrix);
    gsl_matrix_memcpy(g->dp1, &Dhidden.matrix);
    gsl_matrix_memcpy(g->dz1, &Dz1.matrix);
    gsl_matrix_memcpy(g->dW1, &DW1.matrix);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
